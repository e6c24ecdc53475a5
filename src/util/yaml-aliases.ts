// Alias resolution in linear time. To find the anchor an alias (`*name`) refers to, yaml's
// Alias.resolve scans the list of every anchor and alias of the document up to the alias itself,
// so a document of 45,000 anchors each aliased once takes 45,000 × 90,000 / 2 comparisons (47 s
// for one 1.3 MB file). Here every alias's target is found in one walk of the document, in the
// same order yaml walks it (the last anchor of that name before the alias), and yaml's own
// resolve is handed a two-entry list (target, alias) that makes its scan give the same answer at
// once. Everything else yaml does when it resolves an alias (expanding the anchor first, counting
// expansions against maxAliasCount) is yaml's code, unchanged.
import { Alias, type Document, isAlias, isNode, type Node, type ToJSOptions, visit } from 'yaml';

type Resolve = (this: Alias, doc: Document, ctx?: { aliasResolveCache?: Node[] }) => Node | undefined;

/** The target of each alias of a document being converted by documentToJS (undefined: no anchor before it). */
const TARGETS = new WeakMap<Document, Map<Alias, Node | undefined>>();

let installed = false;

/**
 * document.toJS(options), with its aliases resolved in linear time. The targets are known only
 * while this call runs: a document changed afterwards is resolved by yaml's own scan. `source`, the
 * text the document was parsed from, saves the walk when it holds no `*`: then there is no alias.
 */
export function documentToJS(document: Document, options: ToJSOptions, source?: string): unknown {
  if (source !== undefined && !source.includes('*')) return document.toJS(options);
  installResolve();
  TARGETS.set(document, aliasTargets(document));
  try {
    return document.toJS(options);
  } finally {
    TARGETS.delete(document);
  }
}

/** Each alias's anchor: the last node with that anchor before the alias, in yaml's visit order. */
function aliasTargets(document: Document): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const lastAnchor = new Map<string, Node>();
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, lastAnchor.get(node.source));
      else if (isNode(node) && node.anchor) lastAnchor.set(node.anchor, node);
    },
  });
  return targets;
}

function installResolve(): void {
  if (installed) return;
  installed = true;
  const original = Alias.prototype.resolve as unknown as Resolve;
  const resolve: Resolve = function (this: Alias, doc, ctx) {
    const targets = TARGETS.get(doc);
    if (!targets?.has(this)) return original.call(this, doc, ctx);
    const target = targets.get(this);
    if (!ctx) return target; // what yaml's scan returns without a conversion context
    const saved = ctx.aliasResolveCache;
    ctx.aliasResolveCache = target ? [target, this] : [this];
    try {
      return original.call(this, doc, ctx);
    } finally {
      ctx.aliasResolveCache = saved;
    }
  };
  (Alias.prototype as unknown as { resolve: Resolve }).resolve = resolve;
}
