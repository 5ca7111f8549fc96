import type { Alert, DueReport, Indicator, Submission } from '@cockpit/contracts'

// The portal reads the API's own shapes; aliases keep the pages' imports short.
export type PortalIndicator = Indicator
export type PortalDue = DueReport
export type PortalSubmission = Submission
export type PortalAlert = Alert
