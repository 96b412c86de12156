import direct from '../flows/hotline-12345-direct.js';
import { buildApp } from '../src/server/app.js';
import { MemoryCallStore } from '../src/store/memory-call-store.js';
const app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: 'https://x.invalid', authToken: 't', insecureSkipSignature: true });
const r = await app.inject({ method: 'POST', url: '/voice', payload: 'CallSid=CA1&From=%2B8613800138000', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
console.log(r.statusCode, r.headers, Buffer.byteLength(r.body)); console.log(r.body);
const s = await app.hotline.store.getSession('CA1'); console.log(JSON.stringify(s).length, JSON.stringify(s));
await app.close();
