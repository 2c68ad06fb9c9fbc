/**
 * A conversation is a tree: every edit of a user message starts a sibling branch. These functions pick the branch
 * to show (the path from the root to one leaf) and a message's siblings, from the tree the API returns.
 */
export class ConversationTree {
  constructor(messages) {
    this.byId = new Map(messages.map(m => [m.id, m]));
    this.children = new Map();
    for (const message of messages) {
      const key = message.parentId ?? '';
      if (!this.children.has(key)) this.children.set(key, []);
      this.children.get(key).push(message);
    }
    for (const list of this.children.values()) list.sort(byCreation);
  }

  has(id) {
    return this.byId.has(id);
  }

  /** Root to leaf, oldest first. */
  path(leafId) {
    const path = [];
    for (let message = this.byId.get(leafId); message; message = this.byId.get(message.parentId)) {
      path.unshift(message);
    }
    return path;
  }

  /** The newest leaf under a message: where its branch was left off. */
  newestLeaf(id) {
    let message = this.byId.get(id);
    for (let next = this.#newestChild(message?.id); next; next = this.#newestChild(next.id)) message = next;
    return message?.id ?? null;
  }

  /** The leaf to show when none is asked for: the newest leaf of the newest root. */
  defaultLeaf() {
    const roots = this.children.get('') ?? [];
    return roots.length ? this.newestLeaf(roots[roots.length - 1].id) : null;
  }

  /** The message and its siblings (same parent, same role), oldest first. */
  siblings(id) {
    const message = this.byId.get(id);
    if (!message) return [];
    return (this.children.get(message.parentId ?? '') ?? []).filter(m => m.role === message.role);
  }

  #newestChild(id) {
    const list = id ? this.children.get(id) : null;
    return list?.length ? list[list.length - 1] : null;
  }
}

function byCreation(a, b) {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}
