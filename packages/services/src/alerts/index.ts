export { acknowledgeAlert, addAlertNote, assignAlert, createSilence, expireSilence, listSilences } from './actions.js'
export { claimBatch, deliverBatch, type DeliverFn } from './deliver.js'
export {
  activeAlertStates,
  evaluateAlerts,
  evaluateTaskAlerts,
  type AlertEvent,
  type EvaluateResult,
} from './evaluate.js'
export { repeatsAndEscalations, stalledNotifications } from './follow-ups.js'
export type { NotificationGroup } from './plan-notifications.js'
export { getAlert, listAlerts } from './read.js'
export { createRule, deleteRule, listRules, toRule, updateRule } from './rules.js'
export {
  createChannel,
  createSubscription,
  deleteChannel,
  deleteSubscription,
  listChannels,
  listInbox,
  listSubscriptions,
  markInboxRead,
} from './subscriptions.js'
export { ensureDefaultAlertRules } from './defaults.js'
