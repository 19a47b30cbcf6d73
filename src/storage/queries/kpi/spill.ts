/**
 * Spill files for the KPI input streams. The engine walks a stream (every deal, the close facts) several times
 * per run; each walk of a SQL stream pays SQLite's stepping and the merge-join of its child tables again, which at
 * a million deals was most of a run. A spilled stream records its first complete walk to a file, one compact JSON
 * array per row, and replays later walks from that file: a sequential read and one `JSON.parse` per row, several
 * times cheaper than the queries, and nothing held in memory (the file sits in the OS page cache, not our heap).
 * This is the temp table a database would build for a query it runs many times, kept next to the engine instead.
 *
 * A walk broken off early (a consumer that stopped) leaves no file: the next walk reads SQL again and records.
 * A spill area lives as long as one KPI run and removes its files when closed.
 */
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Turns a row into one line of text and back; `decode(encode(r))` must equal `r`. A line must hold no raw
 * newline, which JSON text never does (it escapes one inside a string).
 */
export interface RowCodec<T> {
  encode(row: T): string;
  decode(line: string): T;
}

/** A stream that replays from its spill file once a walk completed. */
export interface SpilledStream<T> extends Iterable<T> {
  /** True once a complete walk was recorded: later walks read the file. */
  readonly complete: boolean;
  /** Replays the recorded file with another codec (a narrower view of the same rows); only once `complete`. */
  replayAs<U>(codec: RowCodec<U>): Iterable<U>;
}

const CHUNK_BYTES = 1 << 20;
const PREFIX = 'pulse-kpi-spill-';
/** A spill directory older than this belongs to a run that died without closing it (no run lasts a day). */
const STALE_MS = 24 * 60 * 60 * 1000;
const NEWLINE = 0x0a;

/** A temporary directory of spill files for one KPI run; `close` removes it. */
export class SpillArea {
  /** The directory of this run's files. */
  readonly dir: string;
  private readonly streams = new Map<string, SpilledStream<unknown>>();
  /** Bytes written to spill files so far (reported by the run). */
  bytesWritten = 0;

  constructor(parent: string = tmpdir(), now: number = Date.now()) {
    removeStale(parent, now);
    this.dir = mkdtempSync(join(parent, PREFIX));
  }

  /**
   * The spilled view of `open()`'s stream under `key`: the same key returns the same stream, so inputs of one
   * run that read identical rows (close facts do not depend on whether the input carries history) share one file.
   */
  stream<T>(key: string, open: () => Iterable<T>, codec: RowCodec<T>): SpilledStream<T> {
    let s = this.streams.get(key) as SpilledStream<T> | undefined;
    if (!s) {
      s = spilled(open(), codec, join(this.dir, `${key.replace(/[^\w-]/g, '_')}.jsonl`), (n) => {
        this.bytesWritten += n;
      });
      this.streams.set(key, s as SpilledStream<unknown>);
    }
    return s;
  }

  /** The stream under `key` if some input opened it. */
  peek<T>(key: string): SpilledStream<T> | undefined {
    return this.streams.get(key) as SpilledStream<T> | undefined;
  }

  close(): void {
    this.streams.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes spill directories left by killed runs, so a crash costs disk only until the next run. */
function removeStale(parent: string, now: number): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(parent, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by its own run or another one: nothing to do.
    }
  }
}

/** Records the first complete walk of `source` to `file`; later walks replay the file (see module doc). */
export function spilled<T>(
  source: Iterable<T>,
  codec: RowCodec<T>,
  file: string,
  onWrite: (bytes: number) => void = () => {},
): SpilledStream<T> {
  let complete = false;
  let recording = false;
  function* record(): Generator<T> {
    recording = true;
    const fd = openSync(file, 'w');
    let parts: string[] = [];
    let size = 0;
    let done = false;
    const flush = () => {
      const text = parts.join('');
      const n = writeSync(fd, text);
      onWrite(n);
      parts = [];
      size = 0;
    };
    try {
      for (const row of source) {
        const line = `${codec.encode(row)}\n`;
        parts.push(line);
        size += line.length;
        if (size >= CHUNK_BYTES) flush();
        yield row;
      }
      flush();
      done = true;
    } finally {
      closeSync(fd);
      recording = false;
      if (done) complete = true;
      else unlinkSync(file);
    }
  }
  return {
    get complete() {
      return complete;
    },
    [Symbol.iterator]() {
      if (complete) return replay(file, codec);
      // A walk nested inside the recording one reads SQL itself rather than a half-written file.
      return recording ? source[Symbol.iterator]() : record();
    },
    replayAs<U>(other: RowCodec<U>): Iterable<U> {
      if (!complete) throw new Error(`spill file ${file} is not recorded yet`);
      return { [Symbol.iterator]: () => replay(file, other) };
    },
  };
}

/** Reads the spill file chunk by chunk and decodes each whole line of a chunk as one row. */
function* replay<T>(file: string, codec: RowCodec<T>): Generator<T> {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        // A row longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) {
        if (filled > 0) throw new Error(`spill file ${file} ends inside a row`);
        return;
      }
      filled += n;
      const end = buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (end > 0) {
        // Lines end in "\n", which JSON.stringify never writes inside a value (it escapes it), and a UTF-8
        // multi-byte sequence never contains the byte 0x0a: cutting at the last newline byte is safe.
        const text = buffer.toString('utf8', 0, end - 1);
        // One decode per row, when it is taken: a row is garbage as soon as the consumer is done with it, so rows
        // die young instead of a whole chunk's surviving into the old generation (at a million deals, parsing a
        // chunk at once cost 130 MB more peak RSS and no time).
        for (const line of text.split('\n')) yield codec.decode(line);
        buffer.copy(buffer, 0, end, filled);
        filled -= end;
      }
    }
  } finally {
    closeSync(fd);
  }
}
