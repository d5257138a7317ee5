// Test helper: a real SMTP server (smtp-server) on a free local port; received mails are parsed with mailparser.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  raw: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> — put it in ctx.config.SMTP_URL */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** resolves when at least n messages have arrived (rejects after timeoutMs) */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** make the server refuse every message with a 550 (to test failures) */
  reject: boolean;
  /** recipients the server refuses with a 550 at RCPT TO (one rejected address) */
  rejectAddresses: Set<string>;
  /** when true, a message's data is read but the final reply waits: `held` gets one release function per message */
  hold: boolean;
  held: Array<() => void>;
  stop(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const state = { reject: false };
  const rejectAddresses = new Set<string>();
  const held: Array<() => void> = [];
  const holdState = { hold: false };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejectAddresses.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error(`Mailbox unavailable: ${address.address}`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (holdState.hold) {
          held.push(() => {
            const raw = Buffer.concat(chunks);
            void simpleParser(raw).then((m) => {
              messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address),
                subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', headers: m.headers, raw: raw.toString('utf8') });
              callback();
            });
          });
          return;
        }
        if (state.reject) {
          const err = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((m) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            headers: m.headers,
            raw: raw.toString('utf8'),
          });
          callback();
        }, (e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    rejectAddresses,
    held,
    get hold() { return holdState.hold; },
    set hold(v: boolean) { holdState.hold = v; },
    get reject() { return state.reject; },
    set reject(v: boolean) { state.reject = v; },
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
