// Entry point of the kafka-platform Pulumi program. See program.ts and README.md.
import { program } from './program';

export = program();
