// The one list of built-in preprocessing steps: importing a module registers its classes.
import './scalers.ts';
import './drop.ts';
import './fillna.ts';
import './outliers.ts';
import './coerce.ts';
import './encode.ts';
import './pca.ts';
