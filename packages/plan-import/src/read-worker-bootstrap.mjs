// The plan read pool's thread entry. The code is TypeScript run from source, and a worker thread does not
// inherit the loader of its parent (vitest's in particular): tsx is registered here, in the thread,
// before the reader is imported.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./read-worker.ts')

export default worker.default
