import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { initialLang, keepLang, type Lang, LangContext, type Strings, useStrings } from './i18n.js';
import { Login } from './login.js';
import { currentSession, type Session, signOut } from './session.js';
import { AgentView } from './views/agent/agent-view.js';
import { FlowsView } from './views/flows/flows-view.js';
import { PlannerView } from './views/planner/planner-view.js';
import { SoftphoneView } from './views/softphone/softphone-view.js';
import { WallboardView } from './views/wallboard/wallboard-view.js';

/** The console's views, each at `#/<name>`; which role sees which. */
const VIEWS = {
  wallboard: { roles: ['supervisor'], Component: WallboardView },
  agent: { roles: ['agent'], Component: AgentView },
  softphone: { roles: ['supervisor'], Component: SoftphoneView },
  planner: { roles: ['supervisor'], Component: PlannerView },
  flows: { roles: ['supervisor'], Component: FlowsView },
} as const;
type ViewName = keyof typeof VIEWS;

const STRINGS: Strings<ViewName | 'signOut' | 'language' | 'loading' | 'asAgent' | 'asSupervisor'> = {
  zh: {
    wallboard: '监控大屏',
    agent: '坐席工作台',
    softphone: '软电话',
    planner: '规划工作台',
    flows: '流程图',
    signOut: '退出',
    language: 'English',
    loading: '加载中…',
    asAgent: '坐席 {id}',
    asSupervisor: '班长 / 规划',
  },
  en: {
    wallboard: 'Wallboard',
    agent: 'Agent desktop',
    softphone: 'Softphone',
    planner: 'Planner',
    flows: 'Flows',
    signOut: 'Sign out',
    language: '中文',
    loading: 'Loading…',
    asAgent: 'Agent {id}',
    asSupervisor: 'Supervisor / planner',
  },
};

function viewFromHash(session: Session): ViewName {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0] as ViewName;
  const allowed = (Object.keys(VIEWS) as ViewName[]).filter((v) =>
    (VIEWS[v].roles as readonly string[]).includes(session.role),
  );
  return allowed.includes(name) ? name : allowed[0]!;
}

function Shell({
  session,
  onSignedOut,
  lang,
  setLang,
}: {
  readonly session: Session;
  readonly onSignedOut: () => void;
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
}) {
  const s = useStrings(STRINGS);
  const [view, setView] = useState<ViewName>(() => viewFromHash(session));
  useEffect(() => {
    const onHash = () => setView(viewFromHash(session));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [session]);
  const names = (Object.keys(VIEWS) as ViewName[]).filter((v) =>
    (VIEWS[v].roles as readonly string[]).includes(session.role),
  );
  const { Component } = VIEWS[view];
  return (
    <>
      <header class="top">
        <nav>
          {names.map((name) => (
            <a key={name} href={`#/${name}`} aria-current={name === view ? 'page' : undefined} data-nav={name}>
              {s[name]}
            </a>
          ))}
        </nav>
        <span class="who">
          {session.role === 'agent' ? s.asAgent.replace('{id}', session.agentId) : s.asSupervisor}
        </span>
        <button type="button" data-action="language" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {s.language}
        </button>
        <button type="button" data-action="sign-out" onClick={() => void signOut().finally(onSignedOut)}>
          {s.signOut}
        </button>
      </header>
      <main data-view={view}>
        <Component session={session} />
      </main>
    </>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => keepLang(lang), [lang]);
  useEffect(() => {
    currentSession()
      .then(setSession)
      .catch((e: unknown) => {
        setError(e instanceof ApiError ? e.message : String(e));
        setSession(null);
      });
  }, []);
  return (
    <LangContext.Provider value={lang}>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {session === undefined ? (
        <p class="loading">{STRINGS[lang].loading}</p>
      ) : session === null ? (
        <Login onSession={setSession} />
      ) : (
        <Shell session={session} onSignedOut={() => setSession(null)} lang={lang} setLang={setLangState} />
      )}
    </LangContext.Provider>
  );
}
