// File-system error codes (errno names) in words a user can act on. Node reports failures as
// codes such as EACCES; a message should say "permission denied", not the code alone.

const WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ELOOP: 'too many symbolic links (or a symbolic link where none is allowed)',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'the resource is busy',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
};

/** "permission denied" for EACCES; an unknown code is returned as it is, so nothing is hidden. */
export function describeFsError(code: string): string {
  return WORDS[code] ?? code;
}
