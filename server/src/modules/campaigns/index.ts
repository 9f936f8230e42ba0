export { CampaignsService, toCampaign } from './campaigns.service.js';
export {
  EmailService,
  SEND_JOB,
  isRetryable as isRetryableSmtpError,
  smtpMessage,
  type SystemMail,
  type SystemMailer,
} from './email.service.js';
export { MailSecret } from './mail-secret.js';
export { campaignsRoutes } from './campaigns.routes.js';
export { computeRoi } from './roi.js';
