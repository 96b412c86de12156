import type { Session } from '../../session.js';

/** The wallboard view (to be built). */
export function WallboardView(_props: { readonly session: Session }) {
  return <section class="wallboard" />;
}
