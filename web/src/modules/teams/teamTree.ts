import type { Team } from '@tuoke/shared';

export type TeamNode = Team & { children: TeamNode[] };

/** Nests teams under their parents; teams whose parent is unknown become roots. */
export function buildTeamTree(teams: Team[]): TeamNode[] {
  const nodes = new Map<string, TeamNode>(teams.map((t) => [t.id, { ...t, children: [] }]));
  const roots: TeamNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TeamNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Ids of a team and everything below it (a team cannot move under its own subtree). */
export function subtreeIds(node: TeamNode): Set<string> {
  const ids = new Set<string>([node.id]);
  for (const child of node.children) for (const id of subtreeIds(child)) ids.add(id);
  return ids;
}

export interface TeamTreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TeamTreeOption[];
}

/** A TreeSelect option tree; `blocked` ids are shown but cannot be picked. */
export function toTreeOption(node: TeamNode, blocked: Set<string> = new Set()): TeamTreeOption {
  return {
    value: node.id,
    title: node.name,
    disabled: blocked.has(node.id),
    children: node.children.map((c) => toTreeOption(c, blocked)),
  };
}
