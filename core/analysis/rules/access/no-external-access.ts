import { noExternalAccess } from './exposure';
export default noExternalAccess;
