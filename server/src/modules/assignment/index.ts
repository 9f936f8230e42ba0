export { AssignmentService } from './assignment.service.js';
export { assignmentRoutes } from './assignment.routes.js';
export {
  choose as chooseAssignee,
  matchRule as matchAssignmentRule,
  membersOf as assignmentMembers,
} from './assignment.service.js';
