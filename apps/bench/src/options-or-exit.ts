/**
 * A bench's flags as its parser reads them; `--help` prints the usage and exits 0, a bad flag prints why and the
 * usage and exits 1 (a broken setup is the only way a measurement fails).
 */
export function optionsOrExit<T>(
  parse: (argv: string[], env: Record<string, string | undefined>) => T | 'help',
  usage: string,
): T {
  let options: T | 'help'
  try {
    options = parse(process.argv.slice(2), process.env)
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    console.error(usage)
    process.exit(1)
  }
  if (options === 'help') {
    console.log(usage)
    process.exit(0)
  }
  return options
}
