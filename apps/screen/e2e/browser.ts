export { chromiumPath, launchChromium } from '@cockpit/browser-testing'
