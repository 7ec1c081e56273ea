// Auth module: accounts, roles, sessions, API tokens, demo accounts.
export { createAuthService, SESSION_COOKIE, type AuthService } from './auth.service.ts';
export { authRoutes } from './auth.routes.ts';
export { seedDemoAccounts, assertNoDemoPasswords, DEMO_ACCOUNTS } from './demo-accounts.ts';
export { DEMO_PASSWORD, passwordProblem } from './passwords.ts';
