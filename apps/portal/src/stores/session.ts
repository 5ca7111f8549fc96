import type { Me } from '@cockpit/contracts'
import { ApiRequestError, readJson } from '@cockpit/web-kit'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, setCsrfToken } from '../api.js'

type Role = Me['role']
export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  manager: '分管领导',
  reporter: '责任单位填报员',
  viewer: '查看者',
}

/** Where each role lands after login. */
export const homeOf = (role: Role) =>
  role === 'reporter' ? '/reporter/indicators' : role === 'admin' ? '/admin/indicators' : '/manager/alerts'

/** Who is signed in; restored from the session cookie after a reload through /auth/me. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const checked = ref(false)

  async function restore() {
    if (checked.value) return me.value
    try {
      const body = await readJson(api.api.v1.auth.me.$get())
      setCsrfToken(body.csrfToken)
      me.value = body
    } catch (e) {
      if (!(e instanceof ApiRequestError) || e.status !== 401) throw e
      me.value = null
    }
    checked.value = true
    return me.value
  }

  async function login(username: string, password: string) {
    const body = await readJson(api.api.v1.auth.login.$post({ json: { username, password } }))
    setCsrfToken(body.csrfToken)
    me.value = body.me
    checked.value = true
    return body.me
  }

  async function logout() {
    await api.api.v1.auth.logout.$post().catch(() => undefined)
    setCsrfToken(null)
    me.value = null
  }

  return { me, checked, restore, login, logout }
})
