// Write FILE.gz and FILE.br beside each FILE given, at the highest levels, with no timestamp, so
// a rebuild gives the same bytes. WhiteNoise serves these siblings to browsers that accept them,
// in development too (collectstatic compresses the hashed copies again for production).
'use strict';
const fs = require('fs');
const zlib = require('zlib');

for (const file of process.argv.slice(2)) {
    const raw = fs.readFileSync(file);
    fs.writeFileSync(file + '.gz', zlib.gzipSync(raw, { level: 9 }));
    fs.writeFileSync(
        file + '.br',
        zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })
    );
}
