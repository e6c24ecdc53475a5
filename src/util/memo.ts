// Answers computed once per object: the audit asks the same question of a Repo, a file or a RUN
// from many rules and findings. Kept in a WeakMap, so the answers go when the object does.

/** `compute`, called at most once per key (undefined and null results included). */
export function oncePer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const answers = new WeakMap<K, V>();
  return (key) => {
    if (answers.has(key)) return answers.get(key) as V;
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}
