import type * as ESTree from 'estree'

/**
 * The name JavaScript infers for an anonymous function or class from where it stands
 * (`const tick = () => {}` is named `tick`). Wrapping the expression in a call would lose it, so
 * the instrumentation passes it along and the runtime sets it back.
 */
export function inferredName(node: ESTree.Node, parent: ESTree.Node | null): string {
  if (!parent) return ''
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : ''
    case 'AssignmentExpression':
      return parent.right === node && parent.operator === '=' && parent.left.type === 'Identifier' ? parent.left.name : ''
    case 'AssignmentPattern':
      return parent.right === node && parent.left.type === 'Identifier' ? parent.left.name : ''
    case 'Property':
    case 'PropertyDefinition':
      if (parent.value !== node || parent.computed) return ''
      if (parent.key.type === 'Identifier') return parent.key.name
      if (parent.key.type === 'Literal') return String(parent.key.value)
      if (parent.key.type === 'PrivateIdentifier') return `#${parent.key.name}`
      return ''
    default:
      return ''
  }
}
