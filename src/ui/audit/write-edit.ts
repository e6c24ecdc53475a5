// Writing one edited file (a suppression) through the safe-write module: only if the file on
// disk is still the text the edit was computed from, atomically, and without leaving a backup.
import { CONFIG_FILE } from '../../audit/suppress.js';
import { WriteError, compareWithDisk, writeChanges } from '../../generate/write.js';
import type { SuppressionEdit } from './suppression.js';

/** `.secure-container.yaml` as it is now (undefined when missing), read through the safe-write module's comparison. */
export async function readConfigText(root: string): Promise<string | undefined> {
  const [probe] = await compareWithDisk(root, [{ path: CONFIG_FILE, content: '' }]);
  if (!probe || probe.status === 'new') return undefined;
  if (probe.status === 'unchanged') return '';
  if (probe.note) throw new WriteError(`${CONFIG_FILE} ${probe.note}; not editing it`);
  return probe.previous ?? '';
}

/** Writes one file atomically, only if it is still the text the edit was computed from. */
export async function writeEdit(root: string, edit: SuppressionEdit): Promise<void> {
  const [change] = await compareWithDisk(root, [{ path: edit.file, content: edit.content }]);
  if (!change) return;
  const asRead = edit.previous === undefined ? change.status === 'new' : change.status === 'changed' && !change.note && change.previous === edit.previous;
  if (!asRead) throw new WriteError(`${edit.file} changed on disk since the audit read it; nothing was written (press r to re-audit)`);
  // No .bak copy: the change is one comment or one entry the person can see and remove, and a
  // Dockerfile.bak would itself be audited as a Dockerfile.
  await writeChanges(root, [change], { force: true, backup: false });
}
