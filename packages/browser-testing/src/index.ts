export { chromiumPath, launchChromium } from './browser.js'
export { startStack, type Stack, type StackOptions } from './stack.js'
export { watchCsp } from './csp.js'
export { signedInApi } from './api-as.js'
