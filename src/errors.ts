/**
 * Every coded failure of hotline, in one place: one code per failure kind (named
 * after what the user must fix), stable and never reused for another kind.
 * `status` is the HTTP status of the error answer, 0 for errors that are not HTTP
 * answers (start-up, CLI, programmatic API). The README's error table lists every
 * code with the same status and meaning; test/errors-table.test.ts checks the two
 * both ways, and that every code is thrown somewhere in src/.
 */
export const ERROR_CODES = {
  HOTLINE_SIGNATURE_MISSING: { status: 403, summary: 'A Twilio webhook arrived without an X-Twilio-Signature header.' },
  HOTLINE_SIGNATURE_INVALID: {
    status: 403,
    summary: 'The X-Twilio-Signature does not match PUBLIC_URL + path and the form body.',
  },
  HOTLINE_BAD_WEBHOOK: {
    status: 400,
    summary: 'A webhook body or query is missing a required Twilio parameter or has a malformed one.',
  },
  HOTLINE_BODY_UNREADABLE: {
    status: 400,
    summary:
      'A request body cannot be read: larger than 64 KiB (MAX_BODY_BYTES), not valid JSON where JSON is expected, or not matching its Content-Length.',
  },
  HOTLINE_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    summary: 'A webhook was not sent as application/x-www-form-urlencoded.',
  },
  HOTLINE_UNKNOWN_CALL: {
    status: 404,
    summary:
      'A webhook or an admin request names a CallSid (or a callback id) that this server has no call session or record of.',
  },
  HOTLINE_ROUTE_NOT_FOUND: { status: 404, summary: 'No route for this method and path.' },
  HOTLINE_SNAPSHOT_INCOMPATIBLE: {
    status: 409,
    summary: 'A stored call cannot be restored into the current flow (the flow changed under a live call).',
  },
  HOTLINE_FLOW_NOT_FOUND: { status: 0, summary: 'No flow file matches the given name or path.' },
  HOTLINE_FLOW_INVALID: {
    status: 0,
    summary:
      'A flow file does not load or does not export a valid flow definition, or the flow breaks when run: a malformed state, a step without its transition, an action or guard that throws, a shape the simulator cannot compile.',
  },
  HOTLINE_FLOW_LOOP: {
    status: 500,
    summary: 'A flow passed through too many announce/lookup steps without waiting for the caller.',
  },
  HOTLINE_LOOKUP_FAILED: {
    status: 0,
    summary: 'A flow names a lookup service the server does not configure (checked at start-up).',
  },
  HOTLINE_OPTION_INVALID: {
    status: 0,
    summary:
      'A command-line option or argument (or the environment variable that stands for it, e.g. PORT for --port) is malformed, out of range, missing where required, or contradicts another; the message names it and what it accepts.',
  },
  HOTLINE_ENV_INVALID: {
    status: 0,
    summary:
      'An environment variable that has no command-line flag (HOTLINE_TRANSFER_NUMBERS, HOTLINE_LOG_FORMAT) has a malformed value.',
  },
  HOTLINE_PUBLIC_URL_INVALID: {
    status: 0,
    summary:
      'PUBLIC_URL / --public-url is not an http(s) URL (give the URL Twilio calls, e.g. https://hotline.example.cn).',
  },
  HOTLINE_PUBLIC_SERVER_UNSAFE: {
    status: 0,
    summary:
      'A server reachable from other machines (a non-loopback PUBLIC_URL or --host) lacks a safeguard it needs (TWILIO_AUTH_TOKEN, HOTLINE_ADMIN_TOKEN, a caller-hash key) or runs with --emulator-clock.',
  },
  HOTLINE_AUTH_TOKEN_INVALID: {
    status: 0,
    summary:
      'The Twilio Auth Token that signs or checks webhooks is missing, empty or malformed (TWILIO_AUTH_TOKEN, or the local token file data/local-auth-token).',
  },
  HOTLINE_ADMIN_TOKEN_INVALID: {
    status: 0,
    summary:
      'HOTLINE_ADMIN_TOKEN is set but cannot protect the admin API: shorter than 32 characters (or empty), or holding a space, a control or a non-ASCII character.',
  },
  HOTLINE_ADMIN_REQUEST_FAILED: {
    status: 0,
    summary:
      "A command's request to the admin API of the server at --url got an error answer (401 or 403: set HOTLINE_ADMIN_TOKEN to the server's token; 404: the server is older than the command).",
  },
  HOTLINE_REMOTE_URL_REFUSED: {
    status: 0,
    summary:
      '--url names a host other than this machine; a command that sends calls targets another host only with --allow-remote.',
  },
  HOTLINE_TARGET_AGENTS_CONFLICT: {
    status: 0,
    summary:
      "The server at --url has agents that stand in the softphone's way: active agents of its own (pass --allow-agents to call anyway), or no free id in 900000-999999 for its bot agent.",
  },
  HOTLINE_SERVER_START_FAILED: {
    status: 0,
    summary:
      'A command could not start its own hotline serve process (it failed or exited before listening); the tail of its log is in the message.',
  },
  HOTLINE_CASE_DIRECTORY_INVALID: {
    status: 0,
    summary:
      'The case directory (hotline serve --cases FILE) cannot be read, is not JSON, or maps a case number to something other than a status text.',
  },
  HOTLINE_ARGUMENT_INVALID: {
    status: 0,
    summary:
      'A function of the programmatic API (Erlang formulas, staffing, compare, DTMF and voice-activity detection, tone generation) got a missing, malformed or out-of-range argument; the message names the function and the field.',
  },
  HOTLINE_GOAL_UNREACHABLE: {
    status: 0,
    summary:
      'No staffing up to the search limit meets the service goal; relax the goal (serviceLevel, maxAsaSec, maxAbandonRate) or raise maxAgents.',
  },
  HOTLINE_PLAN_UNSUPPORTED: {
    status: 0,
    summary:
      "hotline staff cannot plan the scenario's pools as they are routed (e.g. two pools of the same priority sharing skills with no overflow rule, or more than one overflow pool); the message names the pools and what to change.",
  },
  HOTLINE_STORE_FAILED: { status: 0, summary: 'The call store (SQLite file) could not be opened, read or written.' },
  HOTLINE_ADMIN_UNAUTHORIZED: {
    status: 401,
    summary:
      'An admin API request lacks the bearer token set in HOTLINE_ADMIN_TOKEN (or, on a server without one, came through a proxy or tunnel: forwarding headers).',
  },
  HOTLINE_ADMIN_DISABLED: {
    status: 403,
    summary:
      'The admin API is off: the server listens beyond loopback (0.0.0.0, ::, a public address, a Unix socket) and HOTLINE_ADMIN_TOKEN is not set.',
  },
  HOTLINE_ADMIN_QUERY_INVALID: {
    status: 400,
    summary:
      'An admin API query parameter is unknown or malformed (e.g. GET /admin/calls limit, cursor, from/to, outcome, pool).',
  },
  HOTLINE_ADMIN_KPIS_TOO_LARGE: {
    status: 413,
    summary:
      'GET /admin/kpis would read more records than one request may (from/to cover too much); narrow the window or run hotline kpis on the file.',
  },
  HOTLINE_LIVE_FEED_FULL: {
    status: 503,
    summary:
      "An event stream already serves as many clients as the server allows: GET /admin/live (--live-clients; close one or raise the limit), or a console view's stream (wallboard, agent desktop: close a page).",
  },
  HOTLINE_CONSOLE_NOT_BUILT: {
    status: 503,
    summary: 'The web console was not built (no dist/console): run npm install, or npm run build:console.',
  },
  HOTLINE_CONSOLE_UNAUTHORIZED: {
    status: 401,
    summary:
      'A console request has no valid session (sign in again), or a sign-in gave a wrong admin token or agent number and PIN.',
  },
  HOTLINE_CONSOLE_FORBIDDEN: {
    status: 403,
    summary:
      "A console request is outside the signed-in role (an agent asking for a supervisor's view or another agent's call), or lacks the session's CSRF token or came from another origin.",
  },
  HOTLINE_PLANNER_REQUEST_INVALID: {
    status: 400,
    summary:
      "A planner request's body or file name is malformed, or its scenario fails the scenario schema (the answer's fields name each field's problem).",
  },
  HOTLINE_PLANNER_NOT_FOUND: { status: 404, summary: 'The planner has no scenario file or job of that name or id.' },
  HOTLINE_PLANNER_FILE_EXISTS: {
    status: 409,
    summary:
      'The planner saves a changed scenario only as a new file, and a file of that name exists; choose another name.',
  },
  HOTLINE_PLANNER_QUEUE_FULL: {
    status: 429,
    summary: "The planner's job queue is full (one job runs, a few wait); wait for one to finish or cancel one.",
  },
  HOTLINE_PLANNER_JOB_NOT_DONE: {
    status: 409,
    summary:
      'A planner job has no report yet (still running, failed or cancelled), or the server was started without the report renderer.',
  },
  HOTLINE_CONSOLE_FLOW_UNKNOWN: {
    status: 404,
    summary: "The console's flow view was asked for a flow id it does not list (GET /console/api/flows lists them).",
  },
  HOTLINE_AGENT_INVALID: { status: 400, summary: 'An agent registration has a missing or malformed field.' },
  HOTLINE_AGENT_UNKNOWN: {
    status: 404,
    summary: 'The agent line (or DELETE /admin/agents/:id) named an agent id that is not registered.',
  },
  HOTLINE_AGENT_STATE_INVALID: {
    status: 400,
    summary:
      "A state change (POST /admin/agents/:id/state, or the agent console's POST /console/api/agent/state) or a state-log query is malformed, or names a state only calls set (on-call, wrap-up).",
  },
  HOTLINE_AGENT_ON_CALL: {
    status: 409,
    summary:
      "An admin (or the agent's console) tried to change the state of an agent who is on a call; try again once the call has ended.",
  },
  HOTLINE_AGENT_NOT_ON_LINE: {
    status: 409,
    summary:
      "An agent's console asked to be ready or away while the agent is not on the agent line (logged out): call the agent line first.",
  },
  HOTLINE_AGENT_WRAP_UP_INVALID: {
    status: 400,
    summary:
      'A wrap-up (POST /console/api/agent/wrap-up) is malformed, names a request type the line does not offer, or names a call of a day that is over.',
  },
  HOTLINE_SCENARIO_NOT_FOUND: { status: 0, summary: 'No scenario file matches the given name or path.' },
  HOTLINE_SCENARIO_INVALID: {
    status: 0,
    summary:
      'A scenario file is not valid YAML or breaks the scenario schema (file:line, field path, what is expected).',
  },
  HOTLINE_CONTRACT_INVALID: {
    status: 0,
    summary:
      'A contract file is missing, not valid YAML, or breaks the contract schema (file:line, field path, what is expected); or a scenario names a contract whose groups match none of its pools.',
  },
  HOTLINE_STREAM_MESSAGE_INVALID: {
    status: 0,
    summary:
      'A Media Streams message is not a valid Twilio message (bad JSON, unknown event, wrong field type, out of order); the stream is closed (WebSocket 1008) and the reason logged.',
  },
  HOTLINE_STREAM_REJECTED: {
    status: 0,
    summary:
      'A Media Stream names a call that is not in progress, or one that already has a stream or a recording, or arrives while the server shuts down; the stream is closed (WebSocket 1008).',
  },
  HOTLINE_STREAM_TOO_LONG: {
    status: 0,
    summary:
      'A Media Stream carried more audio than its call can have (4 hours, or the time since it started plus 10 s); it is ended and its audio marked truncated.',
  },
  HOTLINE_INTERNAL: { status: 500, summary: 'An unexpected server error (a bug); the server log has the details.' },
  HOTLINE_RECORDING_INVALID: {
    status: 0,
    summary:
      'A recording is missing its WAV or metadata file, a folder holds no recordings, or metadata breaks the hotline-recording/1 format (file, field, what is expected).',
  },
  HOTLINE_LINT_CONFIG_INVALID: {
    status: 0,
    summary:
      'A lint config file cannot be read, is not valid YAML, or has an unknown field or a bad value (file:line, field path, what is expected).',
  },
  HOTLINE_TWILIO_NOT_CONFIGURED: {
    status: 409,
    summary:
      'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and HOTLINE_NUMBER are needed to place callbacks (POST /admin/callbacks/run on a server without them).',
  },
  HOTLINE_BAD_URL: {
    status: 400,
    summary: 'A request URL cannot be decoded (broken percent-encoding) or is not a valid path.',
  },
  HOTLINE_FLOW_PATH_REFUSED: {
    status: 0,
    summary:
      "A scenario's flow: or a recording's flowId names a path or URL instead of a flow id; data files cannot name code to run (see Security), unless --allow-flow-paths is given.",
  },
  HOTLINE_STORE_LOCKED: {
    status: 0,
    summary: 'Another hotline serve already uses this SQLite file (one server per database); hotline serve exits 2.',
  },
  HOTLINE_HASH_KEY_INVALID: {
    status: 0,
    summary:
      "The caller-hash key is missing, too short, readable by other users, or kept inside the database it protects (for a public server: in the database's folder).",
  },
  HOTLINE_USAGE: {
    status: 0,
    summary: 'The command line cannot be parsed: an unknown command or option, or a missing argument or option value.',
  },
  HOTLINE_PORT_IN_USE: { status: 0, summary: 'hotline serve cannot listen: another process already uses the port.' },
  HOTLINE_LISTEN_FAILED: {
    status: 0,
    summary:
      'hotline serve cannot listen on the host and port (the address is not on this machine, or the port needs privileges).',
  },
  HOTLINE_SERVER_UNREACHABLE: {
    status: 0,
    summary: 'A command could not reach the server at --url (not running, wrong port or host).',
  },
  HOTLINE_FILE_ACCESS: {
    status: 0,
    summary:
      'A file or folder named on the command line cannot be read or written (missing, a file where a folder is needed, no permission).',
  },
  HOTLINE_RUN_TOO_LARGE: {
    status: 0,
    summary:
      'A simulation, load run or computation would take more calls, time or memory than its bound; the message gives the estimate and what lowers it, or the flag that raises the bound.',
  },
  HOTLINE_WAV_INVALID: {
    status: 0,
    summary:
      'A WAV file is not readable audio: not a WAV, truncated (the message says how much is missing), or an unsupported encoding or sample rate.',
  },
  HOTLINE_RECORDS_INVALID: {
    status: 0,
    summary:
      'A records CSV (hotline import, --records) has more bad rows than --max-bad-rows allows, an unknown or missing column, or is not readable as CSV; each bad row is named with file:line, column, value and what is expected.',
  },
  HOTLINE_RECORD_MAP_INVALID: {
    status: 0,
    summary:
      'A record map (--map MAP.yaml) is not valid YAML or breaks the map schema (file:line, field path, what is expected), or names a column the CSV lacks.',
  },
  HOTLINE_CALIBRATION_FAILED: {
    status: 0,
    summary:
      'hotline calibrate cannot fit a scenario from the records given: none in the period (or of --flow), no first-attempt inbound call, or records out of arrival order (a file not sorted by arrivalSec, or files given out of time order).',
  },
  HOTLINE_SOFTPHONE_REQUEST_INVALID: {
    status: 400,
    summary:
      'A softphone request (console) is malformed: a body or query field is missing or out of range, a flow that is not offered, a recording name that is not lower-case letters, digits and hyphens, or input to a call that is not waiting for it.',
  },
  HOTLINE_SOFTPHONE_TARGET_REFUSED: {
    status: 400,
    summary:
      "The softphone was asked to call a target it refuses: a server not on this machine (only 127.0.0.1, [::1] and localhost are called; no other host is ever fetched), a local service whose GET /health is not a hotline server's, or this server's live flow on a real deployment (a public URL; run the flow in-process or call a separate `hotline console` server).",
  },
  HOTLINE_SOFTPHONE_BUSY: {
    status: 503,
    summary: 'The softphone already runs as many calls as it allows at once (SOFTPHONE_MAX_CALLS); hang one up first.',
  },
  HOTLINE_SOFTPHONE_CALL_UNKNOWN: {
    status: 404,
    summary: 'A softphone request names a call this console session did not place, or one already forgotten.',
  },
  HOTLINE_SOFTPHONE_NOT_SAVABLE: {
    status: 409,
    summary:
      'A softphone call cannot be saved as a recording: it has not ended yet, or a recording of that name already exists in the recordings folder.',
  },
  HOTLINE_SOFTPHONE_TTS_UNAVAILABLE: {
    status: 503,
    summary:
      "The softphone's prompt audio needs espeak-ng, which is not installed on the server (scripts/install-debian-packages.sh installs it); captions still work.",
  },
} as const;

/** A stable error code, e.g. 'HOTLINE_UNKNOWN_CALL'. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The base error of hotline: a stable `code`, an HTTP status where one applies,
 * and a message that says what was wrong, where, and how to fix it.
 */
export class HotlineError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** Field errors by dotted input path (e.g. `pools.0.agents`), for forms that show them at the field; or absent. */
  readonly fields?: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; fields?: Readonly<Record<string, string>> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HotlineError';
    this.code = code;
    if (options?.fields !== undefined) this.fields = options.fields;
    const status = ERROR_CODES[code].status;
    this.statusCode = status === 0 ? 500 : status;
  }
}

/** True when `error` is a HotlineError (across module copies too). */
export function isHotlineError(error: unknown): error is HotlineError {
  return error instanceof HotlineError || (error instanceof Error && error.name === 'HotlineError' && 'code' in error);
}
