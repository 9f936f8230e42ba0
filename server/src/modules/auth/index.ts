export { AuthRepository } from './auth.repository.js';
export { AuthService, sha256 } from './auth.service.js';
export { installAuthHook, actorOf, csrfTokenOf, SESSION_COOKIE } from './auth.hook.js';
export { authRoutes } from './auth.routes.js';
