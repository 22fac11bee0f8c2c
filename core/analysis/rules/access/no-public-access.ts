import { noPublicAccess } from './exposure';
export default noPublicAccess;
