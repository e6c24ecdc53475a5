// The suppression form: a reason (required), an optional until date, and where to record it.
// Nothing is written until Enter and the fields check out; Esc leaves without writing.
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { Finding } from '../../audit/types.js';
import { fileName, visible, visibleLine } from './model.js';
import { type SuppressionInput, type SuppressionPlace, type SuppressionProblems, checkSuppression } from './suppression.js';

export interface SuppressFormProps {
  readonly finding: Finding;
  /** Why the finding cannot be suppressed inline (then only the config file is offered). */
  readonly inlineRefusal?: string;
  readonly today: string;
  readonly width: number;
  readonly onSubmit: (place: SuppressionPlace, input: SuppressionInput) => void;
  readonly onCancel: () => void;
  readonly onInterrupt: () => void;
}

type Field = 'reason' | 'until' | 'place';
const FIELDS: readonly Field[] = ['reason', 'until', 'place'];
/** Longest text a field takes (a reason is one line of a comment). */
const MAX_INPUT = 200;

export function SuppressForm({ finding, inlineRefusal, today, width, onSubmit, onCancel, onInterrupt }: SuppressFormProps) {
  const [values, setValues] = useState({ reason: '', until: '', place: (inlineRefusal ? 'config' : 'inline') as SuppressionPlace, field: 'reason' as Field });
  const [problems, setProblems] = useState<SuppressionProblems>({});
  // Keys typed faster than Ink re-subscribes its handler must see each other's edits.
  const latest = useRef(values);
  latest.current = values;
  const update = (next: Partial<typeof values>) => {
    latest.current = { ...latest.current, ...next };
    setValues(latest.current);
  };

  useInput((input, key) => {
    const now = latest.current;
    if (key.ctrl && input === 'c') return onInterrupt();
    if (key.escape) return onCancel();
    if (key.return) {
      const found = checkSuppression(now, today);
      setProblems(found);
      if (!found.reason && !found.until) onSubmit(now.place, { reason: now.reason.trim(), until: now.until.trim() });
      return;
    }
    const move = (by: number) => update({ field: FIELDS[(FIELDS.indexOf(now.field) + by + FIELDS.length) % FIELDS.length]! });
    if (key.tab && key.shift) return move(-1);
    if (key.tab || key.downArrow) return move(1);
    if (key.upArrow) return move(-1);
    if (now.field === 'place') {
      if (!inlineRefusal && (key.leftArrow || key.rightArrow || input === ' ')) update({ place: now.place === 'inline' ? 'config' : 'inline' });
      return;
    }
    const text = now[now.field];
    if (key.backspace || key.delete) return update({ [now.field]: text.slice(0, -1) });
    // Printable text only (a paste arrives as one string); control keys and escape sequences are ignored.
    // eslint-disable-next-line no-control-regex
    const typed = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    if (typed !== '' && !key.ctrl && !key.meta) update({ [now.field]: (text + typed).slice(0, MAX_INPUT) });
  });

  const label = (field: Field, text: string) => (
    <Text bold={values.field === field} {...(values.field === field ? { color: 'cyan' } : {})}>
      {`${values.field === field ? '›' : ' '} ${text}`}
    </Text>
  );
  const where = `${fileName(finding.location.file)}:${finding.location.line}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{`Suppress ${finding.ruleId} at ${visibleLine(where)}`}</Text>
      <Text dimColor wrap="truncate-end">{visibleLine(finding.message)}</Text>
      <Text> </Text>
      <Text wrap="truncate-end">
        {label('reason', 'Reason (required): ')}
        {visible(values.reason)}
        {values.field === 'reason' ? '▌' : ''}
      </Text>
      {problems.reason ? <Text color="red" wrap="truncate-end">{`    ${problems.reason}`}</Text> : null}
      <Text wrap="truncate-end">
        {label('until', 'Until (YYYY-MM-DD, optional): ')}
        {visible(values.until)}
        {values.field === 'until' ? '▌' : ''}
      </Text>
      {problems.until ? <Text color="red" wrap="truncate-end">{`    ${problems.until}`}</Text> : null}
      <Text wrap="truncate-end">
        {label('place', 'Record it: ')}
        <Text {...(values.place === 'inline' ? { inverse: true } : { dimColor: true })}>{inlineRefusal ? '' : ' inline comment '}</Text>
        {inlineRefusal ? '' : ' '}
        <Text {...(values.place === 'config' ? { inverse: true } : { dimColor: true })}> .secure-container.yaml </Text>
      </Text>
      {inlineRefusal ? <Text dimColor wrap="truncate-end">{`    not inline: ${inlineRefusal}`}</Text> : null}
      <Text> </Text>
      <Text dimColor wrap="truncate-end">
        tab/↑↓ field · ←→ where (on Record it) · enter record · esc cancel
      </Text>
    </Box>
  );
}
