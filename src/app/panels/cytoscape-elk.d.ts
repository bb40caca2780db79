// cytoscape-elk ships no types. Its default export registers the `elk` layout (README: cytoscape.use(elk)).
declare module 'cytoscape-elk' {
  import type { Ext } from 'cytoscape'
  const register: Ext
  export default register
}
