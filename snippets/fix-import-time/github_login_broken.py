"""Each user's GitHub account (Flask-Dance), its token in the database: set up through the proxy."""

from flask_dance.consumer.storage.sqla import OAuthConsumerMixin, SQLAlchemyStorage
from flask_dance.contrib.github import github, make_github_blueprint
from flask_login import current_user

from myapp import db
from myapp.models import User


class OAuth(OAuthConsumerMixin, db.Model):
    user_id = db.Column(db.Integer, db.ForeignKey(User.id))
    user = db.relationship(User)


blueprint = make_github_blueprint()  # the client id and secret come from the app's config
github.storage = SQLAlchemyStorage(OAuth, db.session, user=current_user)
