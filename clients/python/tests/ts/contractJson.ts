// Prints the contract JSON the generator would write now (for the Python drift test).
import { contractJson } from '../../scripts/contract';

process.stdout.write(contractJson());
