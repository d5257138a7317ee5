// JSON body parsing with limits: size (413), nesting depth and key count (400), and no NUL character (`\u0000`, which
// PostgreSQL cannot store in text) anywhere in a string (400), checked on the raw bytes before parsing.
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

export const MAX_DEPTH = 64;
export const MAX_KEYS = 20000;

/** True when the escape at i (a backslash) is \u0000 (any hex case: only digits are involved). */
const isNulEscape = (buf: Buffer, i: number) =>
  buf[i + 1] === 0x75 && buf[i + 2] === 0x30 && buf[i + 3] === 0x30 && buf[i + 4] === 0x30 && buf[i + 5] === 0x30;

/** One linear pass over the raw JSON text: nesting depth, number of object keys, and NUL escapes inside strings. */
export function checkJsonShape(buf: Buffer): void {
  let depth = 0, keys = 0, inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) { // backslash: skip the escaped byte
        if (isNulEscape(buf, i)) throw new AppError('request.invalid', { reason: 'text may not contain the NUL character (\\u0000)' });
        i++;
      } else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) { if (++depth > MAX_DEPTH) throw new AppError('request.too_deep', { maxDepth: MAX_DEPTH }); }
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x3a) { if (++keys > MAX_KEYS) throw new AppError('request.invalid', { reason: `more than ${MAX_KEYS} keys` }); }
  }
}

export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    strict: false,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buf) => checkJsonShape(buf),
  });
}
