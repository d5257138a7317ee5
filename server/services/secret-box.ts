// Invitation tokens at rest: AES-256-GCM with a key from MARSAD_SECRET (else a 0600 key file under DATA_DIR), key ids for rotation.
//
// Stored form: keyId (4 bytes) ‖ iv (12) ‖ tag (16) ‖ ciphertext. The key id is the first 4 bytes of sha256(key), so
// rows sealed under MARSAD_SECRET_PREVIOUS stay readable during a rotation and `resealTokens` moves them to the new key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';

const KEY_FILE = 'invitation-token.key';
const SERVICE = 'secret-box.keys';

interface Key { id: Buffer; key: Buffer }

const keyFrom = (material: Buffer): Key => {
  const key = Buffer.from(crypto.hkdfSync('sha256', material, 'marsad', 'invitation-token-v1', 32));
  return { id: crypto.createHash('sha256').update(key).digest().subarray(0, 4), key };
};

/** The key file under DATA_DIR, created at first use with 32 random bytes and mode 0600 (two processes: the first wins). */
function fileKeyMaterial(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

/** [current, ...previous] keys of this process. */
export function tokenKeys(ctx: AppContext): Key[] {
  const cached = ctx.services[SERVICE] as Key[] | undefined;
  if (cached) return cached;
  const c = ctx.config;
  const current = keyFrom(c.MARSAD_SECRET ? Buffer.from(c.MARSAD_SECRET, 'utf8') : fileKeyMaterial(c.DATA_DIR));
  const keys = [current, ...(c.MARSAD_SECRET_PREVIOUS ? [keyFrom(Buffer.from(c.MARSAD_SECRET_PREVIOUS, 'utf8'))] : [])];
  // moving from the key file to MARSAD_SECRET: the file's key still opens (and re-seal moves) the older tokens
  const file = path.join(c.DATA_DIR, KEY_FILE);
  if (c.MARSAD_SECRET && fs.existsSync(file)) keys.push(keyFrom(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')));
  ctx.services[SERVICE] = keys;
  return keys;
}

export function seal(ctx: AppContext, plain: string): Buffer {
  const { id, key } = tokenKeys(ctx)[0];
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(id);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([id, iv, cipher.getAuthTag(), body]);
}

/** The plain text, or undefined when no key of this process opens it (wrong key, tampered). */
export function open(ctx: AppContext, sealed: Buffer | null | undefined): string | undefined {
  if (!sealed || sealed.length < 33) return undefined;
  const id = sealed.subarray(0, 4);
  const k = tokenKeys(ctx).find((x) => x.id.equals(id));
  if (!k) return undefined;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', k.key, sealed.subarray(4, 16));
    decipher.setAAD(id);
    decipher.setAuthTag(sealed.subarray(16, 32));
    return Buffer.concat([decipher.update(sealed.subarray(32)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Key rotation: re-seals every token not under the current key (run at start when MARSAD_SECRET_PREVIOUS is set). */
export async function resealTokens(ctx: AppContext, em: EntityManager): Promise<number> {
  const current = tokenKeys(ctx)[0].id;
  const rows: Array<{ id: string; token_enc: Buffer }> = await em.query(
    `SELECT id, token_enc FROM invitations WHERE token_enc IS NOT NULL AND substring(token_enc FROM 1 FOR 4) <> $1`, [current]);
  let n = 0;
  for (const r of rows) {
    const plain = open(ctx, r.token_enc);
    if (plain === undefined) continue;
    await em.query(`UPDATE invitations SET token_enc = $2 WHERE id = $1`, [r.id, seal(ctx, plain)]);
    n++;
  }
  return n;
}
