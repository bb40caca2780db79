import type * as ESTree from 'estree'

/**
 * The name JavaScript infers for an anonymous function or class from where it stands
 * (`const tick = () => {}` is named `tick`). Wrapping the expression in a call would lose it, so
 * the instrumentation passes it along and the runtime sets it back.
 *
 * These are the places the spec's NamedEvaluation runs: a variable's initializer, `=`, `&&=`, `||=`
 * and `??=` with an identifier on the left, a default value bound to an identifier, and a property or
 * class field with a plain key, except an object literal's `__proto__: value`, which sets the prototype.
 * A class with a static member named `name` keeps that member, so it gets no name either.
 */
export function inferredName(node: ESTree.Node, parent: ESTree.Node | null): string {
  if (!parent) return ''
  if (node.type === 'ClassExpression' && hasStaticName(node)) return ''
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : ''
    case 'AssignmentExpression':
      return parent.right === node && NAMING_OPERATORS.has(parent.operator) && parent.left.type === 'Identifier' ? parent.left.name : ''
    case 'AssignmentPattern':
      return parent.right === node && parent.left.type === 'Identifier' ? parent.left.name : ''
    case 'Property':
    case 'PropertyDefinition': {
      if (parent.value !== node || parent.computed) return ''
      const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? String(parent.key.value) : null
      if (parent.type === 'Property' && key === '__proto__') return ''
      if (key !== null) return key
      if (parent.key.type === 'PrivateIdentifier') return `#${parent.key.name}`
      return ''
    }
    default:
      return ''
  }
}

/** The assignment operators whose right side is named after an identifier on the left. */
const NAMING_OPERATORS = new Set<string>(['=', '&&=', '||=', '??='])

/** Whether a class defines a static `name` (field, method or accessor), which then is its name. */
function hasStaticName(node: ESTree.ClassExpression): boolean {
  return node.body.body.some((member) => {
    if ((member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') || !member.static) return false
    const key = member.key
    if (key.type === 'Literal') return String(key.value) === 'name'
    return !member.computed && key.type === 'Identifier' && key.name === 'name'
  })
}
