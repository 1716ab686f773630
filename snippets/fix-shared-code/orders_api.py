"""An API of orders built with Flask-RESTX; its serializer reads the request."""

from flask import Flask
from flask_restx import Api, Resource, fields

app = Flask(__name__)
app.config["PUBLIC_URL"] = "https://shop.example.com"
api = Api(app)

order = api.model("Order", {
    "id": fields.Integer,
    "total": fields.Float,
    "url": fields.Url("order", absolute=True),
})
TOTALS = {1: 9.5, 2: 12.0}


@api.marshal_with(order)
def order_data(order_id):
    return {"id": order_id, "total": TOTALS[order_id]}


@api.route("/orders/<int:id>", endpoint="order")
class Order(Resource):
    def get(self, id):
        return order_data(id)
