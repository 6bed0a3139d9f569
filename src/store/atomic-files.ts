/**
 * Files written aside and renamed into place: a crash never leaves a half-written one, and two
 * emulators writing the same file at once (two starts on one new folder) never write the same
 * partial, since each write names its own after its process and a count.
 */
import { constants, copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, link, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

let partials = 0;
/** A name of its own for each write: two emulators in one process (the library's) may write the same file at once. */
const partialOf = (path: string) => `${path}.partial-${process.pid}-${++partials}`;

export function writeAtomically(path: string, content: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = partialOf(path);
  writeFileSync(partial, content);
  renameSync(partial, path);
}

/**
 * Where the file system can (Btrfs, XFS), the copy shares the blocks until either file changes
 * (a 100,000-incident database is ~350 MB to copy otherwise).
 */
export function copyAtomically(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const partial = partialOf(to);
  copyFileSync(from, partial, constants.COPYFILE_FICLONE);
  renameSync(partial, to);
}

/** copyAtomically on libuv's threads: the process goes on while the kernel copies; nothing is left aside if it fails. */
export async function copyAtomicallyInBackground(from: string, to: string): Promise<void> {
  await copyAsideInBackground(from, to, (partial) => rename(partial, to));
}

/**
 * copyAtomicallyInBackground for a file another emulator on the same folder may be making at the
 * same moment (a new tenant's): the copy is linked into place, which fails where a file already
 * is, and the one made meanwhile is kept. Replacing it would leave the emulator that made it
 * writing to a file no longer there.
 */
export async function copyIntoPlaceInBackground(from: string, to: string): Promise<void> {
  await copyAsideInBackground(from, to, (partial) => linkUnlessPresent(partial, to));
}

/** Copies `from` beside `to` under a name of its own, then has `place` put it in place; never leaves that name behind. */
async function copyAsideInBackground(from: string, to: string, place: (partial: string) => Promise<unknown>): Promise<void> {
  mkdirSync(dirname(to), { recursive: true });
  const partial = partialOf(to);
  try {
    await copyFile(from, partial, constants.COPYFILE_FICLONE);
    await place(partial);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Links `file` in as `to`, unless a file is there already (false). */
export async function linkUnlessPresent(file: string, to: string): Promise<boolean> {
  try {
    await link(file, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
