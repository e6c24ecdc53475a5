// The values for k8s/missing-resources' fix, asked before the preview (the rule's `--fix` uses
// conservative defaults; a person here can give the real ones). Prefilled with those defaults.
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { DEFAULT_RESOURCES, RESOURCE_FIELDS, type ResourceField, type ResourceValues, checkResources, fieldValue, withField } from './resource-fix.js';

export interface ResourceFormProps {
  /** "Fix all 3 of k8s/missing-resources", or the one finding. */
  readonly title: string;
  readonly width: number;
  readonly onSubmit: (values: ResourceValues) => void;
  readonly onCancel: () => void;
  readonly onInterrupt: () => void;
}

const MAX_INPUT = 20;

export function ResourceForm({ title, width, onSubmit, onCancel, onInterrupt }: ResourceFormProps) {
  const [form, setForm] = useState({ values: DEFAULT_RESOURCES, field: 'requests.cpu' as ResourceField });
  const [problems, setProblems] = useState<Partial<Record<ResourceField, string>>>({});
  const latest = useRef(form);
  latest.current = form;
  const update = (next: Partial<typeof form>) => {
    latest.current = { ...latest.current, ...next };
    setForm(latest.current);
  };

  useInput((input, key) => {
    const now = latest.current;
    if (key.ctrl && input === 'c') return onInterrupt();
    if (key.escape) return onCancel();
    if (key.return) {
      const found = checkResources(now.values);
      setProblems(found);
      if (Object.keys(found).length === 0) onSubmit(now.values);
      return;
    }
    const index = RESOURCE_FIELDS.indexOf(now.field);
    const move = (by: number) => update({ field: RESOURCE_FIELDS[(index + by + RESOURCE_FIELDS.length) % RESOURCE_FIELDS.length]! });
    if (key.tab && key.shift) return move(-1);
    if (key.tab || key.downArrow) return move(1);
    if (key.upArrow) return move(-1);
    const text = fieldValue(now.values, now.field);
    if (key.backspace || key.delete) return update({ values: withField(now.values, now.field, text.slice(0, -1)) });
    // A quantity is digits, a dot and a unit: nothing else is typed in.
    const typed = input.replace(/[^0-9A-Za-z.]/g, '');
    if (typed !== '' && !key.ctrl && !key.meta) update({ values: withField(now.values, now.field, (text + typed).slice(0, MAX_INPUT)) });
  });

  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{title}</Text>
      <Text dimColor wrap="truncate-end">
        The resources the container needs: the defaults are conservative guesses.
      </Text>
      <Text> </Text>
      {RESOURCE_FIELDS.map((field) => (
        <Box key={field} flexDirection="column">
          <Text wrap="truncate-end">
            <Text bold={form.field === field} {...(form.field === field ? { color: 'cyan' } : {})}>{`${form.field === field ? '›' : ' '} ${field.padEnd(16)}`}</Text>
            {fieldValue(form.values, field)}
            {form.field === field ? '▌' : ''}
          </Text>
          {problems[field] ? <Text color="red" wrap="truncate-end">{`    ${problems[field]}`}</Text> : null}
        </Box>
      ))}
      <Text> </Text>
      <Text dimColor wrap="truncate-end">
        tab/↑↓ field · enter preview the fix · esc cancel
      </Text>
    </Box>
  );
}
