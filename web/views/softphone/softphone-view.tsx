import type { Session } from '../../session.js';

/** The softphone view (to be built). */
export function SoftphoneView(_props: { readonly session: Session }) {
  return <section class="softphone" />;
}
