/**
 * The baseline of bench/load.ts: a bare fastify app answering the emulator's
 * webhooks with fixed TwiML (a one-key menu that falls through to a hang-up),
 * no signature check, no store, no flow. Run in its own process by the
 * benchmark; prints its URL on stderr in the same words `hotline serve` does.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';

const MENU =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" timeout="5" action="/voice/gather"><Say language="cmn-CN">您好，这里是12345热线。</Say></Gather><Redirect method="POST">/voice/again</Redirect></Response>';
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

const app = Fastify({ logger: false });
await app.register(formbody);
app.post('/voice', async (_req, reply) => reply.type('text/xml').send(MENU));
app.post('/voice/gather', async (_req, reply) => reply.type('text/xml').send(HANGUP));
app.post('/voice/again', async (_req, reply) => reply.type('text/xml').send(HANGUP));
app.post('/voice/status', async (_req, reply) =>
  reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>'),
);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stderr.write(
  `hotline: serving flow "bare" at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0} (store: none)\n`,
);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
