// A durable copy of what the respondent page keeps in localStorage (the draft and the queued submit): localStorage
// may lose its last writes when the browser is closed or killed, an IndexedDB transaction with strict durability
// does not. The page writes through to it and restores from it on start.

const DB = 'marsad-respond';
const STORE = 'kv';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => { req.result.createObjectStore(STORE); };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  });
}

let db: Promise<IDBDatabase> | undefined;
const database = () => (db ??= open());

/** Write (or delete, with undefined) one key; resolves once committed to disk. */
export async function durablePut(key: string, value: string | undefined): Promise<void> {
  try {
    const d = await database();
    await new Promise<void>((resolve, reject) => {
      const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' });
      if (value === undefined) tx.objectStore(STORE).delete(key); else tx.objectStore(STORE).put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
    });
  } catch { /* private mode or blocked: localStorage alone */ }
}

/** Every key with the prefix and its value. */
export async function durableAll(prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    const d = await database();
    await new Promise<void>((resolve, reject) => {
      const req = d.transaction(STORE, 'readonly').objectStore(STORE).openCursor(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
      req.onsuccess = () => {
        const c = req.result;
        if (!c) { resolve(); return; }
        if (typeof c.value === 'string') out.set(String(c.key), c.value);
        c.continue();
      };
      req.onerror = () => reject(req.error ?? new Error('indexedDB'));
    });
  } catch { /* nothing durable */ }
  return out;
}

/** Deletes the whole database (after completion). */
export async function durableClear(): Promise<void> {
  try {
    if (db) (await db).close();
    db = undefined;
    await new Promise<void>((resolve) => { const r = indexedDB.deleteDatabase(DB); r.onsuccess = r.onerror = r.onblocked = () => resolve(); });
  } catch { /* nothing to delete */ }
}
