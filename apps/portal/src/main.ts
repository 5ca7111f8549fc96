import './styles.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createPortalRouter } from './router.js'

const pinia = createPinia()
createApp(App).use(pinia).use(createPortalRouter()).mount('#app')
