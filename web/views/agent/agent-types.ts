/** What the agent desktop's API answers (src/console/agent/agent-desktop.ts AgentMe, AgentCall, CallerCard). */

export interface IvrStep {
  readonly state: string;
  readonly kind: string;
  readonly key?: string;
}

export interface CallerCardData {
  readonly callSid: string;
  readonly direction: 'inbound' | 'callback';
  readonly language: string;
  readonly skill: string | null;
  readonly ivrPath: readonly IvrStep[];
  readonly waitSec: number | null;
  readonly arrivalSec: number;
  readonly answerSec: number | null;
  readonly calledBefore: { readonly calls: number; readonly windowDays: number; readonly known: boolean };
  readonly callback: { readonly leg: boolean; readonly pendingDueSec: number | null; readonly requested: boolean };
  readonly callType: string | null;
  readonly resolved: boolean | null;
}

export interface AgentMe {
  readonly agent: {
    readonly id: string;
    readonly name: string;
    readonly skills: readonly string[];
    readonly pool: string;
    readonly group: string;
  };
  readonly status: { readonly state: string; readonly sinceSec: number };
  readonly call: CallerCardData | null;
  readonly callTypes: readonly string[];
  readonly wrapUpLimitSec: number;
  readonly nowSec: number;
  readonly localLine: boolean;
}

export interface AgentCall {
  readonly callSid: string;
  readonly arrivalSec: number;
  readonly answerSec: number | null;
  readonly endSec: number | null;
  readonly waitSec: number | null;
  readonly talkSec: number | null;
  readonly language: string;
  readonly skill: string | null;
  readonly outcome: string | null;
  readonly callType: string | null;
  readonly resolved: boolean | null;
}
