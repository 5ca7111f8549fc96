import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelConfig } from './channel-config.js'
import { deliver } from './deliver.js'
import { emailMessageId } from './email.js'
import { closedPort } from './test-http-receiver.js'
import { firingMessage, lagItem, missingItem } from './test-fixtures.js'

const now = new Date('2025-06-30T06:05:00.000Z')
const from = '数字政府驾驶舱 <alert@cockpit.example.cn>'

interface Received {
  mail: ParsedMail
  envelope: { from: string; to: string[] }
  user: string | undefined
}

interface RunningSmtp {
  port: number
  received: Received[]
  close: () => Promise<void>
}

const running: { close: () => Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

/** A real SMTP server on 127.0.0.1:0 that parses every message it accepts with mailparser. */
const startSmtp = async (options: Partial<SMTPServerOptions> = {}): Promise<RunningSmtp> => {
  const received: Received[] = []
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    allowInsecureAuth: true,
    // The cockpit's config has no TLS trust options, and a self-signed test cert would fail verification.
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = session.envelope.rcptTo.map((r) => r.address)
          const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address
          received.push({
            mail,
            envelope: { from: mailFrom, to },
            user: typeof session.user === 'string' ? session.user : undefined,
          })
          callback()
        },
        (error: Error) => callback(error),
      )
    },
    ...options,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  const handle = { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  running.push(handle)
  return handle
}

const emailConfig = (port: number, extra: Partial<{ user: string; pass: string }> = {}): ChannelConfig => ({
  kind: 'email',
  to: ['zhangsan@nc.example.cn', 'lisi@nc.example.cn'],
  smtp: { host: '127.0.0.1', port, secure: false, from, ...extra },
})

const smtpReject = (responseCode: number, message: string): Error => Object.assign(new Error(message), { responseCode })

describe('e-mail over SMTP', () => {
  it('delivers a Chinese message with text and escaped HTML parts and a Message-ID from the notification id', async () => {
    const smtp = await startSmtp()
    const m = firingMessage({ items: [lagItem, missingItem], mentions: { mobiles: ['13800000000'] } })
    const result = await deliver(emailConfig(smtp.port), m, { now: () => now })
    expect(result.ok).toBe(true)

    expect(smtp.received).toHaveLength(1)
    const { mail, envelope } = smtp.received[0]!
    expect(envelope).toEqual({ from: 'alert@cockpit.example.cn', to: ['zhangsan@nc.example.cn', 'lisi@nc.example.cn'] })
    expect(mail.subject).toBe('【严重】南昌市 政务服务电子证照用证率 低于序时进度')
    expect(mail.from?.value).toEqual([{ name: '数字政府驾驶舱', address: 'alert@cockpit.example.cn' }])
    expect(mail.messageId).toBe(emailMessageId(m.notificationId, from))
    expect(mail.messageId).toBe('<notify.ntf-20250630-0001@cockpit.example.cn>')
    expect(mail.date?.toISOString()).toBe(now.toISOString())
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated')
    expect(mail.headers.get('x-cockpit-notification-id')).toBe(m.notificationId)

    expect(mail.text).toContain('指标：政务服务电子证照用证率')
    expect(mail.text).toContain('当前值：72.5%')
    expect(mail.text).toContain('序时进度应达：80%')
    expect(mail.text).toContain('差距：落后 7.5 个百分点')
    expect(mail.text).toContain('截止日期：2025-12-31')
    expect(mail.text).toContain('当前值：—')
    expect(mail.text).not.toContain('13800000000')

    const html = typeof mail.html === 'string' ? mail.html : ''
    expect(html).toContain('一网通办事项数&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>')
    expect(html).toContain('<a href="https://cockpit.example.cn/indicators/12?j=360100">查看详情</a>')
  })

  it('gives every retry of a notification the same Message-ID', async () => {
    const smtp = await startSmtp()
    await deliver(emailConfig(smtp.port), firingMessage(), { now: () => now })
    await deliver(emailConfig(smtp.port), firingMessage(), { now: () => new Date(now.getTime() + 60_000) })
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([
      '<notify.ntf-20250630-0001@cockpit.example.cn>',
      '<notify.ntf-20250630-0001@cockpit.example.cn>',
    ])
  })

  it('authenticates with the configured user and password', async () => {
    const smtp = await startSmtp({
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'alert' && auth.password === 'right') callback(null, { user: auth.username })
        else callback(smtpReject(535, 'Authentication failed'))
      },
    })
    expect(
      (await deliver(emailConfig(smtp.port, { user: 'alert', pass: 'right' }), firingMessage(), { now: () => now })).ok,
    ).toBe(true)
    expect(smtp.received[0]?.user).toBe('alert')

    const wrong = await deliver(emailConfig(smtp.port, { user: 'alert', pass: 'wrong' }), firingMessage(), {
      now: () => now,
    })
    expect(wrong).toMatchObject({ ok: false, retryable: false })
    expect(!wrong.ok && wrong.error).toContain('535')
  })

  it('does not retry a permanent rejection (550) but retries a transient one (451)', async () => {
    let code = 550
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(smtpReject(code, code === 550 ? 'Mailbox unavailable' : 'Try again later'))
      },
    })
    expect(await deliver(emailConfig(smtp.port), firingMessage(), { now: () => now })).toMatchObject({
      ok: false,
      retryable: false,
    })
    code = 451
    expect(await deliver(emailConfig(smtp.port), firingMessage(), { now: () => now })).toMatchObject({
      ok: false,
      retryable: true,
    })
    expect(smtp.received).toHaveLength(0)
  })

  it('reports recipients the server refused while the others got the message', async () => {
    const smtp = await startSmtp({
      onRcptTo(address, _session, callback) {
        callback(address.address.startsWith('lisi') ? smtpReject(550, 'No such user') : null)
      },
    })
    const result = await deliver(emailConfig(smtp.port), firingMessage(), { now: () => now })
    expect(result).toEqual({ ok: true, detail: '已发送,以下收件人被拒收:lisi@nc.example.cn' })
    expect(smtp.received[0]?.envelope.to).toEqual(['zhangsan@nc.example.cn'])
  })

  it('retries when nothing listens on the SMTP port', async () => {
    const port = await closedPort()
    expect(await deliver(emailConfig(port), firingMessage(), { now: () => now })).toMatchObject({
      ok: false,
      retryable: true,
    })
  })

  it('retries when the server never sends its greeting', async () => {
    // A TCP server that accepts and stays silent: nodemailer's greeting timeout has to end the attempt.
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    running.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy()
          silent.close(() => resolve())
        }),
    })
    const { port } = silent.address() as AddressInfo
    const result = await deliver(emailConfig(port), firingMessage(), { now: () => now, timeoutMs: 300 })
    expect(result).toMatchObject({ ok: false, retryable: true })
  })
})
