export { indicatorRanking, jurisdictionRankings, ON_TIME_WINDOW } from './rankings.js'
export { BULLETIN_TITLE, monthlyBulletin, type BulletinFile } from './bulletin.js'
