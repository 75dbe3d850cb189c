import { describe } from 'vitest'
import { webhookCases } from './support/webhook-cases'

describe('verifyWebhook (Node)', () => {
  webhookCases()
})
