// The problem vocabulary is shared with the service library, which reports its env the same way;
// it lives there because client/ is a self-contained package that may import nothing from here.
export * from '../client/problems';
