import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'

/** Why a csv-file location cannot be read; the text is shown to administrators. */
export class SourceFileRefused extends Error {}

const inside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/**
 * Where a csv-file source may read: only inside the one directory configured for them (SOURCE_FILES_DIR),
 * never elsewhere on the host (/etc/passwd, the demo's credentials). The location is a path inside that
 * directory (an absolute path is accepted when it lies inside); `..` is refused outright, and the real
 * path (symlinks resolved) must still lie inside, so a link cannot lead out. Without a configured
 * directory csv-file sources are off.
 */
export function confinedPath(root: string | null, location: string): string {
  if (root === null) throw new SourceFileRefused('服务器未启用 csv-file 数据源(未配置数据源文件目录 SOURCE_FILES_DIR)')
  if (location.includes('\0') || location.split(/[\\/]/).includes('..'))
    throw new SourceFileRefused('文件路径不能含 ..')
  const path = resolve(root, location)
  if (!inside(resolve(root), path)) throw new SourceFileRefused('文件必须位于数据源文件目录中')
  return path
}

/**
 * Opens a confined file for reading after resolving symlinks, refusing anything whose real path leaves
 * the directory or that is not a regular file (a FIFO would hang the worker, a device would never end).
 * O_NOFOLLOW on the resolved path keeps its last component from being swapped for a link in between.
 */
export async function readConfinedFile(root: string | null, location: string, maxBytes: number): Promise<Uint8Array> {
  const path = confinedPath(root, location)
  let real: string
  let realRoot: string
  try {
    realRoot = await realpath(root!)
    real = await realpath(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new SourceFileRefused(code === 'ENOENT' ? `找不到文件 ${location}` : `无法读取文件 ${location}`)
  }
  if (!inside(realRoot, real)) throw new SourceFileRefused('文件必须位于数据源文件目录中(不能经由链接指向目录之外)')
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => {
    throw new SourceFileRefused(`无法读取文件 ${location}`)
  })
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new SourceFileRefused(`${location} 不是普通文件`)
    if (info.size > maxBytes) throw new SourceFileRefused(`CSV 文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB`)
    return new Uint8Array(await handle.readFile())
  } finally {
    await handle.close()
  }
}
