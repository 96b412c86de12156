/** An E.164 number: the only kind a callback can be placed to (and an agent's phone may be). */
export const E164 = /^\+[1-9][0-9]{6,14}$/;
