// Mounting an Ink screen between inquirer prompts, in one process. Two fixes make the hand-over
// work (both reproduce with inquirer 7 and 8): wait one turn of the event loop before Ink renders,
// or it renders and exits at once without reading input; and re-ref stdin after Ink unmounts,
// because Ink unrefs it and the next prompt would then fail with "User force closed the prompt".
import { createElement, type ReactElement } from 'react';
import { render, useApp } from 'ink';

/** Renders a screen until it calls `finish(value)`; resolves with that value. Its last frame stays on screen. */
export async function showScreen<T>(build: (finish: (value: T) => void) => ReactElement): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  let outcome: { value: T } | undefined;
  const instance = render(
    createElement(Finisher<T>, {
      build,
      onValue: (value: T) => {
        outcome = { value };
      },
    }),
    // Screens handle Ctrl-C themselves so they can tell "cancel" from "write"; console output
    // from other code is left alone rather than re-printed above the frame.
    { exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  process.stdin.ref();
  if (!outcome) throw new Error('the screen closed without an outcome');
  return outcome.value;
}

function Finisher<T>({ build, onValue }: { build: (finish: (value: T) => void) => ReactElement; onValue: (value: T) => void }): ReactElement {
  const { exit } = useApp();
  return build((value) => {
    onValue(value);
    exit();
  });
}
