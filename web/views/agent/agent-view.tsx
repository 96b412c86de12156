import type { Session } from '../../session.js';

/** The agent view (to be built). */
export function AgentView(_props: { readonly session: Session }) {
  return <section class="agent" />;
}
