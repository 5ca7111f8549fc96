import { createRoute, z } from '@hono/zod-openapi'
import {
  Channel,
  ChannelInput,
  ChannelList,
  IdParam,
  InboxList,
  Subscription,
  SubscriptionInput,
  SubscriptionList,
} from '@cockpit/contracts'
import {
  createChannel,
  createSubscription,
  deleteChannel,
  deleteSubscription,
  listChannels,
  listInbox,
  listSubscriptions,
  markInboxRead,
} from '@cockpit/services/alerts'
import { requireRole, requireSession } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { jsonBody as body, serviceContext } from './route-helpers.js'

const denied = deniedResponses

export const channelRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['通知'],
      summary: '我的通知渠道(不返回密钥)',
      middleware: [requireRole('admin', 'manager')] as const,
      responses: { 200: jsonContent(ChannelList, '渠道'), ...denied },
    }),
    async (c) => c.json({ items: await listChannels(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['通知'],
      summary: '新建通知渠道:email / dingtalk(可加签)/ wecom / webhook(HMAC-SHA256 签名)',
      middleware: [requireRole('admin', 'manager')] as const,
      request: body(ChannelInput),
      responses: { 201: jsonContent(Channel, '已创建'), 400: errorResponses[400], ...denied },
    }),
    async (c) => {
      const { outbound } = c.get('deps')
      return c.json(await createChannel(serviceContext(c), c.req.valid('json'), outbound ? { outbound } : {}), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags: ['通知'],
      summary: '删除通知渠道',
      middleware: [requireRole('admin', 'manager')] as const,
      request: { params: IdParam },
      responses: { 204: { description: '已删除' }, ...errorResponses, ...denied },
    }),
    async (c) => {
      await deleteChannel(serviceContext(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )

export const subscriptionRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['通知'],
      summary: '我的告警订阅',
      middleware: [requireRole('admin', 'manager')] as const,
      responses: { 200: jsonContent(SubscriptionList, '订阅'), ...denied },
    }),
    async (c) => c.json({ items: await listSubscriptions(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['通知'],
      summary: '订阅告警:行政区划、板块、指标、级别与渠道',
      middleware: [requireRole('admin', 'manager')] as const,
      request: body(SubscriptionInput),
      responses: { 201: jsonContent(Subscription, '已订阅'), 400: errorResponses[400], ...denied },
    }),
    async (c) => c.json(await createSubscription(serviceContext(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags: ['通知'],
      summary: '取消订阅',
      middleware: [requireRole('admin', 'manager')] as const,
      request: { params: IdParam },
      responses: { 204: { description: '已取消' }, ...errorResponses, ...denied },
    }),
    async (c) => {
      await deleteSubscription(serviceContext(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )

const InboxId = z.object({ id: z.string().regex(/^\d+$/, '站内信编号应为数字') })
// An inbox belongs to a person: a department token or a display key has none.
const inboxGate = requireSession('接口令牌没有站内信')

export const inboxRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['通知'],
      summary: '站内信',
      middleware: [inboxGate] as const,
      responses: { 200: jsonContent(InboxList, '站内信'), ...denied },
    }),
    async (c) => c.json(await listInbox(serviceContext(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/read',
      tags: ['通知'],
      summary: '标记已读',
      middleware: [inboxGate] as const,
      request: { params: InboxId },
      responses: { 204: { description: '已读' }, ...errorResponses, ...denied },
    }),
    async (c) => {
      await markInboxRead(serviceContext(c), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
