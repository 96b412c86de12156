import { useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { type Strings, useStrings } from './i18n.js';
import { type Session, signIn } from './session.js';

const STRINGS: Strings<'title' | 'supervisor' | 'agent' | 'token' | 'tokenHint' | 'agentId' | 'pin' | 'signIn'> = {
  zh: {
    title: '12345 热线控制台',
    supervisor: '班长 / 规划人员',
    agent: '坐席',
    token: '管理令牌',
    tokenHint: '即 HOTLINE_ADMIN_TOKEN；本机回环地址上未设置令牌时可留空',
    agentId: '工号',
    pin: '密码',
    signIn: '登录',
  },
  en: {
    title: '12345 hotline console',
    supervisor: 'Supervisor / planner',
    agent: 'Agent',
    token: 'Admin token',
    tokenHint: 'HOTLINE_ADMIN_TOKEN; leave empty on a loopback server that has none',
    agentId: 'Agent number',
    pin: 'PIN',
    signIn: 'Sign in',
  },
};

export function Login({ onSession }: { readonly onSession: (session: Session) => void }) {
  const s = useStrings(STRINGS);
  const [kind, setKind] = useState<'supervisor' | 'agent'>('supervisor');
  const [token, setToken] = useState('');
  const [agentId, setAgentId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      onSession(await signIn(kind === 'supervisor' ? { kind, token } : { kind, agentId, pin }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <form class="login" onSubmit={submit} data-view="login">
      <h1>{s.title}</h1>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={kind === 'supervisor'} onClick={() => setKind('supervisor')}>
          {s.supervisor}
        </button>
        <button type="button" role="tab" aria-selected={kind === 'agent'} onClick={() => setKind('agent')}>
          {s.agent}
        </button>
      </div>
      {kind === 'supervisor' ? (
        <label>
          {s.token}
          <input
            name="token"
            type="password"
            autocomplete="off"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
          <small>{s.tokenHint}</small>
        </label>
      ) : (
        <>
          <label>
            {s.agentId}
            <input
              name="agentId"
              inputMode="numeric"
              value={agentId}
              onInput={(e) => setAgentId(e.currentTarget.value)}
            />
          </label>
          <label>
            {s.pin}
            <input
              name="pin"
              type="password"
              inputMode="numeric"
              autocomplete="off"
              value={pin}
              onInput={(e) => setPin(e.currentTarget.value)}
            />
          </label>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{s.signIn}</button>
    </form>
  );
}
