export { ROOT, ensureBuilt, isBuilt } from '../../scripts/ensureBuilt';
