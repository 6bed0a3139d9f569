/**
 * Files written aside and renamed into place: a crash never leaves a half-written one, and two
 * emulators writing the same file at once (two starts on one new folder) never write the same
 * partial, since each names its own after its process.
 */
import { constants, copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

const partialOf = (path: string) => `${path}.partial-${process.pid}`;

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
  mkdirSync(dirname(to), { recursive: true });
  const partial = partialOf(to);
  try {
    await copyFile(from, partial, constants.COPYFILE_FICLONE);
    await rename(partial, to);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
