import '@fontsource/noto-sans-sc/chinese-simplified-400.css'
import '@fontsource/noto-sans-sc/chinese-simplified-700.css'
import '@fontsource/noto-sans-sc/latin-400.css'
import '@fontsource/noto-sans-sc/latin-700.css'
import './styles.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'

// Charts draw text on canvas once; wait (briefly) for the shipped font so the first frame uses it.
const fontReady = Promise.race([document.fonts.load('16px "Noto Sans SC"', '数政驾驶舱指标进度0123%'), new Promise((r) => setTimeout(r, 1500))])
void fontReady.then(() => createApp(App).use(createPinia()).mount('#app'))
